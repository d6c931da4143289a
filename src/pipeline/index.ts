/** The one entry of the commands into the stages (see ARCHITECTURE.md). */
export { compile, loadCompose, type Compilation, type CompileOptions, type MeshChoice } from './compile.js';
export { deployInput, renderedDiff, type DeployInputOptions } from './deploy-input.js';
export { diffRenders } from '../review/rendered-diff/diff.js';
export { graph, type GraphFormat } from './graph.js';
export { migrateAppMesh, type Migration } from './migrate.js';
export { validate, type Validation } from './validate.js';
export { writeFilesAtomically } from './write-files.js';
export { writeRender } from './write-render.js';
export type { TemplateFormat } from '../render/files.js';
export { composeProfiles, configHashes, configImages, configServices, configText, configVolumes, type ConfigFormat } from './compose-config.js';
export { lookupRequests, writeLookupFile } from './lookup.js';
export type { LookupRequest } from '../render/lookup.js';
