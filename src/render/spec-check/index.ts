/**
 * An offline check of CloudFormation templates against the AWS service specification shipped in
 * `@aws-cdk/aws-service-spec`: resource types, property names, value types and required properties
 * (recursively through type definitions; the value rule is in `property-values.ts`), the targets of
 * Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::FindInMap, DependsOn and Condition (`references.ts`), and
 * the template limits (`sections.ts`).
 */
export { checkTemplate } from './check-template.js';
export { checkTemplateFile } from './check-template-file.js';
export { parseTemplate, type ParsedTemplate } from '../template/parse-template.js';
export { PSEUDO_PARAMETERS } from './references.js';
export { TEMPLATE_LIMITS } from './sections.js';
