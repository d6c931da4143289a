export { loadComposeDocument, loadProject, type LoadOptions, type LoadResult } from './load.js';
export { composeDocumentText, composeText, serviceHash, toComposeDocument } from './to-compose.js';
export { ComposeXError, ParseError, describeWarning, formatPath, type Position, type TreePath, type Warning } from './diagnostics.js';
export type * from './model.js';
