// The Lambda bundles' node:http, taken from Node's own module object (see REQUIRED_BUILTINS in ../bundling.ts).
module.exports = process.getBuiltinModule('node:http');
