/** The shapes of the API answers the board reads (the catalog's schemas, as JSON). */

export type Status = 'active' | 'completed' | 'blocked';

export interface Item {
  id: string;
  short_id: string;
  item_type: string;
  title: string;
  status: Status;
  priority: number;
  version: number;
  parent_id?: string | null;
  /** `/root/…/id`: ancestors' ids, for the subtree filter. */
  path?: string;
  depth?: number;
  deleted_at?: string | null;
  assignee?: string | null;
  /** When the assignee's claim lapses (null or absent: held until released). */
  lease_expires_at?: string | null;
  labels?: string[];
  metadata?: Record<string, unknown>;
  updated_at: string;
  created_at?: string;
  created_by?: string;
  updated_by?: string;
  close_reason?: string | null;
  children?: Item[];
}

export interface Page<T> {
  items: T[];
  total_count: number;
}

export interface DepRef {
  id: string;
  short_id: string;
  title: string;
  status: string;
  dependency_type: string;
  unfinished?: true;
}

export interface ItemDetail {
  item: Item;
  ancestors: Item[];
  descendants: Item[];
  dependencies: { waits_for: DepRef[]; blocks: DepRef[] };
  ready: boolean;
  deployments: { id: string; deployed_at: string; commit_hash: string }[];
  notes: { id: string; text: string; created_by: string; created_at: string }[];
}

export interface HistoryEntry {
  id: string;
  version: number;
  action: string;
  actor: string;
  at: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

export interface Vendor {
  id: string;
  name: string;
  status: string;
  extractor_version: string;
  tests: string;
  formats: string[];
  version: number;
}

export interface Deployment {
  id: string;
  deployed_at: string;
  commit_hash: string;
  pr_number: number;
  pr_title: string;
  vendors: string[];
  work_item_ids: string[];
}
