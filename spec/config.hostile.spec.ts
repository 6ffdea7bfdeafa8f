import { Config } from '../src/config.js';
import { ClientError } from '../src/errors/client-error.js';

describe('Config.withUserAgent refuses text that cannot go in a User-Agent header', () => {
  it.each([
    ['NUL', 'tool\0'],
    ['DEL', 'tool\u007f'],
    ['a C1 control (NEL)', 'tool\u0085'],
    ['a character above Latin-1', 'tool\u0100'],
    ['a lone surrogate', 'tool\uD800'],
    ['an emoji', 'tool 😀'],
    ['a line break', 'tool\r\nX-Injected: 1'],
  ])('refuses %s with SDK.InvalidParam naming userAgent and what is allowed', (_what, text) => {
    const set = () => new Config().withUserAgent(text);

    expect(set).toThrow(ClientError);
    expect(set).toThrow(
      expect.objectContaining({
        code: 'SDK.InvalidParam',
        message: expect.stringMatching(/userAgent.*printable Latin-1 characters \(no control characters\)/),
      }),
    );
  });

  it('accepts printable Latin-1 text with tabs', () => {
    expect(new Config().withUserAgent('dash/1.2 (café)\tci').userAgent).toBe('dash/1.2 (café)\tci');
  });
});
