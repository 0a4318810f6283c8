#!/usr/bin/env node
// Herald runs its TypeScript sources directly (Node 24 type stripping).
await import('../src/cli/main.ts');
