// Stylesheets are the browser's business: component tests under jsdom import them as nothing.
module.exports = {};
