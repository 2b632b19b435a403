'use strict';
// Shared basics for the dev/test/build scripts. Node built-ins only: this runs before
// `npm ci` has installed anything.
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** @param {...string} parts a path relative to the repository root */
function repoPath(...parts) {
  return path.join(REPO_ROOT, ...parts);
}

/**
 * Provisioning progress. Goes to stderr so stdout stays for the things a user asked for
 * (jest's report, the services' own logs).
 * @param {string} message
 */
function progress(message) {
  process.stderr.write(`› ${message}\n`);
}

/** An error whose message is meant for the user as is: it says what is missing and what to do. */
class SetupError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}

/**
 * Prints a failure without a stack trace for SetupErrors (the message is the whole story)
 * and with one for anything unexpected.
 * @param {unknown} error
 */
function describeFailure(error) {
  if (error instanceof SetupError) return `✖ ${error.message}`;
  return `✖ ${error instanceof Error ? error.stack : String(error)}`;
}

module.exports = { REPO_ROOT, repoPath, progress, SetupError, describeFailure };
