import sortBy from 'lodash/sortBy.js';
import type { ComposeKeySupport } from './key-support.js';
import { CONTAINER_KEYS } from './container.js';
import { NETWORKING_KEYS } from './networking.js';
import { RESOURCE_KEYS } from './resources.js';
import { SERVICE_KEYS } from './service.js';
import { STORAGE_KEYS } from './storage.js';

/** Every compose service key (except `x-` extensions), in alphabetical order. */
export const COMPOSE_KEYS: readonly ComposeKeySupport[] = sortBy(
  [...CONTAINER_KEYS, ...NETWORKING_KEYS, ...RESOURCE_KEYS, ...SERVICE_KEYS, ...STORAGE_KEYS],
  (row) => row.key,
);
