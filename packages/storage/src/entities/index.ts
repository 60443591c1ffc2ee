import { AppliedOperationEntity } from './applied-operation.entity.js';
import { ArchivedWorkItemEntity } from './archived-work-item.entity.js';
import { ConfigurationEntity } from './configuration.entity.js';
import { DependencyEntity } from './dependency.entity.js';
import { DeploymentEntity, DeploymentVendorEntity, DeploymentWorkItemEntity } from './deployment.entity.js';
import { EnhancementEntity } from './enhancement.entity.js';
import { HistoryEntity } from './history.entity.js';
import { NoteEntity } from './note.entity.js';
import { VendorEntity } from './vendor.entity.js';
import { WorkItemEntity } from './work-item.entity.js';

/** One set of entity definitions for both engines. */
export const entities = [
  WorkItemEntity,
  DependencyEntity,
  VendorEntity,
  DeploymentEntity,
  DeploymentVendorEntity,
  DeploymentWorkItemEntity,
  ConfigurationEntity,
  EnhancementEntity,
  HistoryEntity,
  ArchivedWorkItemEntity,
  NoteEntity,
  AppliedOperationEntity,
];
