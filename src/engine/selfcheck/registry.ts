// Every WGSL kernel's parity check, run by the page's self-check and by `npm run selfcheck`.
import { softmaxChecks } from './checks/softmax';
import type { KernelCheck } from './types';

export const KERNEL_CHECKS: KernelCheck[] = [...softmaxChecks];
