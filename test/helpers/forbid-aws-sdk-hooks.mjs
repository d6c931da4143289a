export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/')) {
    throw new Error(`the AWS SDK was loaded (${specifier})`);
  }
  return next(specifier, context);
}
