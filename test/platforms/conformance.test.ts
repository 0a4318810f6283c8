import { PLATFORMS } from '../../src/platforms/registry.ts';
import { runPlatformCases } from './platform.case.ts';

for (const platform of PLATFORMS) runPlatformCases(platform);
