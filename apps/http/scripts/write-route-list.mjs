// Rewrites the route list in README.md from the route table (run after a build).
import { readFileSync, writeFileSync } from 'node:fs';
import { catalog } from '@project-status/core';
import { renderRouteList, replaceRouteList, routes } from '../dist/index.js';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, replaceRouteList(readFileSync(file, 'utf8'), renderRouteList(catalog, routes)));
console.log('README.md route list updated');
