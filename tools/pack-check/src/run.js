// Child-process helpers for the pack check: every check runs real `node`, `npm` and CLI
// processes, with a hard time limit, and returns what they printed instead of throwing.
'use strict';
const { spawn } = require('child_process');

/**
 * Runs a command; resolves { code, signal, stdout, stderr, timedOut }. Never rejects.
 * `onSpawn(child)` lets a caller signal the child (the README runner sends SIGTERM).
 */
function run(command, args, { cwd, env, timeoutMs = 120_000, input, onSpawn } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, signal: null, stdout, stderr: stderr + String(error), timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    if (onSpawn) onSpawn(child);
  });
}

/** The last lines of a process's output, for a finding's message. */
function tail(text, lines = 12) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

module.exports = { run, tail };
