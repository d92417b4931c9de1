// Jest runs the command line's bundle (bin/deploy-audit.js → dist/cli.js) in some tests: build it fresh first.
module.exports = async () => {
  require('../scripts/build-cli.js');
};
