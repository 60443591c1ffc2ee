import { describe, expect, it } from 'vitest';
import { formatExamples, shellTokens } from './help-examples.js';

describe('formatExamples', () => {
  it('breaks a long command between shell words with a continuation, never inside a word', () => {
    const json = `'{"excel":true,"csv":true,"pdf":false,"ocr":false}'`;
    const text = formatExamples([[`project-status vendor create acme --format-support ${json}`, 'with its formats']], 50);
    expect(text.split('\n')).toEqual(['Examples:', '  # with its formats', '  project-status vendor create acme \\', '      --format-support \\', `      ${json}`, '']);
  });

  it('keeps quoted words whole when splitting a command into shell words', () => {
    expect(shellTokens(`a --title "two words" --json '{"a": 1}'`)).toEqual(['a', '--title', '"two words"', '--json', `'{"a": 1}'`]);
  });
});
