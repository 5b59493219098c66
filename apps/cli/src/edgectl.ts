#!/usr/bin/env node
import { run } from './program';

// The exit code waits for stdout to drain: a piped `edgectl get -o json | jq` must get every byte.
void run(process.argv).then((code) => {
  process.exitCode = code;
});
