// PACS.* custom functions (preview: only PACS.VERSION). With the shared runtime, taskpane.html (the
// manifest's functions Page) loads this after office.js. Ids must match functions.json and never change.
// Opened outside Office there is no CustomFunctions global, so it registers nothing and does not throw.
if (typeof CustomFunctions !== 'undefined' && typeof CustomFunctions.associate === 'function') {
  CustomFunctions.associate('VERSION', () => 'PACS Capitation (add-in preview)');
}
