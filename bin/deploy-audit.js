#!/usr/bin/env node
'use strict';
// Entry point of the command line. The TypeScript sources are bundled into dist/cli.js by `npm ci` (prepare);
// a checkout without the bundle builds it once here.
const fs = require('fs');
const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) require('../scripts/build-cli.js');
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
