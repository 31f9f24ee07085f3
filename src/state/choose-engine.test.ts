import { describe, expect, it } from 'vitest';
import { chooseEngine } from './engine-actions';

const soft = { available: true, summary: 'SwiftShader (fallback)', isFallbackAdapter: true, reason: '' };
const real = { available: true, summary: 'NVIDIA', isFallbackAdapter: false, reason: '' };

describe('which engine runs, and what the banner says (issue #11, defect 10)', () => {
  it('the GPU engine chosen on a software adapter runs, with a banner saying it will be slow', () => {
    expect(chooseEngine('gpu', soft)).toEqual({ engine: 'gpu', banner: { kind: 'slow-gpu', text: 'SwiftShader (fallback)' } });
  });

  it('keeps the other choices as they were', () => {
    expect(chooseEngine('auto', soft)).toEqual({ engine: 'cpu', banner: { kind: 'fallback', text: 'SwiftShader (fallback)' } });
    expect(chooseEngine('gpu', real)).toEqual({ engine: 'gpu', banner: null });
    expect(chooseEngine('auto', real)).toEqual({ engine: 'gpu', banner: null });
    expect(chooseEngine('cpu', soft)).toEqual({ engine: 'cpu', banner: null });
    const none = chooseEngine('gpu', { available: false, summary: '', isFallbackAdapter: false, reason: 'no adapter' });
    expect(none.engine).toBe('cpu');
    expect(none.banner?.kind).toBe('no-webgpu');
  });
});
