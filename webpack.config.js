/**
 * The extension's bundles: one entry per contribution folder (src/<name>/ with <name>.json, <name>.tsx and
 * <name>.html), written to dist/extension/<name>/<name>.js beside its page, which the manifest's `uri` names.
 *
 *   npx webpack --mode production     minified, no source maps (what `npm run package` ships)
 *   npx webpack --mode development    readable, with source maps (the dev extension, served from localhost)
 */
const fs = require('fs');
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');
const { EsbuildPlugin } = require('esbuild-loader');

const SRC = path.resolve(__dirname, 'src');
const OUT = path.resolve(__dirname, 'dist/extension');

/** Adding a contribution is adding a folder: every src/<name>/ holding <name>.json and <name>.tsx is one. */
function contributions() {
  return fs
    .readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => ['json', 'tsx', 'html'].every((ext) => fs.existsSync(path.join(SRC, name, `${name}.${ext}`))))
    .sort();
}

module.exports = (env, argv) => {
  const production = argv.mode !== 'development';
  const names = contributions();
  return {
    mode: production ? 'production' : 'development',
    target: ['web', 'es2019'],
    entry: Object.fromEntries(names.map((name) => [name, path.join(SRC, name, `${name}.tsx`)])),
    output: {
      path: OUT,
      filename: '[name]/[name].js',
      // Code loaded on demand (the exporters) is shared by the contributions.
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
      // Relative to the script: the pages are served from the extension's base URI, wherever that is.
      publicPath: 'auto',
      clean: true,
    },
    devtool: production ? false : 'source-map',
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      alias: {
        // One copy of the SDK in every bundle, whoever imports it ("The AzureDevOps SDK is already loaded" otherwise).
        'azure-devops-extension-sdk$': path.resolve(__dirname, 'node_modules/azure-devops-extension-sdk/esm/SDK.js'),
      },
      // The engine runs in the browser as it is; the few Node built-ins a dependency mentions are not needed there.
      fallback: { fs: false, path: false, os: false, crypto: false, stream: false, zlib: false },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'esbuild-loader',
          options: {
            target: 'es2019',
            jsx: 'transform',
            jsxFactory: 'React.createElement',
            jsxFragment: 'React.Fragment',
            // Left for webpack, which resolves `new Worker(new URL('./x.worker.ts', import.meta.url))` (the export worker).
            supported: { 'import-meta': true },
          },
        },
        {
          test: /\.css$/,
          // azure-devops-ui's styles, minified in production (they ship readable, with source map comments).
          use: ['style-loader', 'css-loader', ...(production ? [{ loader: 'esbuild-loader', options: { loader: 'css', minify: true } }] : [])],
        },
        { test: /\.(woff2?|ttf|eot|svg|png)$/, type: 'asset/resource' },
      ],
    },
    plugins: [
      // What was built and how: a development build must not pass for the production one (npm run package checks).
      {
        apply(compiler) {
          compiler.hooks.thisCompilation.tap('BuildInfo', (compilation) => {
            compilation.hooks.processAssets.tap({ name: 'BuildInfo', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
              const info = JSON.stringify({ mode: production ? 'production' : 'development', contributions: names }, null, 2);
              compilation.emitAsset('build-info.json', new compiler.webpack.sources.RawSource(`${info}\n`));
            });
          });
        },
      },
      new CopyPlugin({
        patterns: names.map((name) => ({ from: path.join(SRC, name, `${name}.html`), to: path.join(OUT, name, `${name}.html`) })),
      }),
    ],
    optimization: {
      // esbuild minifies in a fraction of terser's time, a few per cent larger; licence comments stay at the end.
      minimizer: [new EsbuildPlugin({ target: 'es2019', legalComments: 'eof' })],
    },
    performance: { hints: false },
    stats: production ? 'normal' : 'minimal',
  };
};
