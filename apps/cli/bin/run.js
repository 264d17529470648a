#!/usr/bin/env node
// Runs the compiled commands in ../dist (build with `npm run build -w @edms/cli`).
// Auto-transpiling from src is switched off: NODE_ENV=test or development
// would otherwise make oclif look for ts-node, which this project does not use.
const oclif = require('@oclif/core');

oclif.settings.enableAutoTranspile = false;
oclif.execute({ dir: __dirname });
