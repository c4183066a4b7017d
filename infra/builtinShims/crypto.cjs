// The Lambda bundles' node:crypto, taken from Node's own module object (see REQUIRED_BUILTINS in ../bundling.ts).
module.exports = process.getBuiltinModule('node:crypto');
