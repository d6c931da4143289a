import _ from 'lodash';
import type { ComposeKeySupport } from './compose-key-support.js';
import { CONTAINER_KEYS } from './compose-keys-container.js';
import { NETWORKING_KEYS } from './compose-keys-networking.js';
import { RESOURCE_KEYS } from './compose-keys-resources.js';
import { SERVICE_KEYS } from './compose-keys-service.js';
import { STORAGE_KEYS } from './compose-keys-storage.js';

/** Every compose service key (except `x-` extensions), in alphabetical order. */
export const COMPOSE_KEYS: readonly ComposeKeySupport[] = _.sortBy(
  [...CONTAINER_KEYS, ...NETWORKING_KEYS, ...RESOURCE_KEYS, ...SERVICE_KEYS, ...STORAGE_KEYS],
  (row) => row.key,
);
