// The session rules skip a file in one search when it holds none of SESSION_WORDS: every pattern a session rule
// hands unitMentions must then match only text that holds one of those words. The patterns are read from the rules'
// sources, so a new one fails here until it is listed with the text that shows it is covered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SESSION_WORDS } from '../../server/src/rules/session/helpers';

/** Each pattern, with the word of SESSION_WORDS that any of its matches holds, alternative by alternative. */
const COVERED: Record<string, string[]> = {
  '/\\bini_(?:set|alter)\\b|\\bsession_(?:start|set_save_handler)\\b/i': ['ini_', 'session'],
  '/Session|sess_locking/': ['session', 'sess_'],
  '/save_path|session_save_path/i': ['save_path', 'save_path'],
  '/openssl_encrypt/i': ['openssl_'],
  '/memcache/i': ['memcache'],
  '/Session/': ['session'],
  '/openssl_|hash_hmac|sodium_crypto|setSaslAuthData|sess_sasl_password/i': ['openssl_', 'hash_hmac', 'sodium_crypto', 'setsaslauthdata', 'sess_'],
  '/\\bini_(?:set|alter)\\b|\\bsession_(?:start|set_cookie_params)\\b/i': ['ini_', 'session'],
  '/\\bsession_start\\b/i': ['session'],
  '/setSaslAuthData/i': ['setsaslauthdata'],
};

test('every pattern the session rules pre-check units with is covered by SESSION_WORDS', () => {
  const dir = join(__dirname, '..', '..', 'server', 'src', 'rules', 'session');
  const used = new Set<string>();
  for (const name of readdirSync(dir)) {
    const source = readFileSync(join(dir, name), 'utf8');
    for (const m of source.matchAll(/unitMentions\(ctx, (\/.*?\/[a-z]*)\)/g)) used.add(m[1]);
  }
  assert.ok(used.size >= 8, `found only ${used.size} patterns`);
  for (const pattern of used) {
    const words = COVERED[pattern];
    assert.ok(words, `${pattern} is not listed here: add it with the SESSION_WORDS word each of its alternatives holds`);
    // The top-level alternatives of the pattern, each holding its word (case aside, as SESSION_WORDS ignores case).
    const body = pattern.slice(1, pattern.lastIndexOf('/'));
    const alternatives = body.split(/\|(?![^(]*\))/);
    assert.equal(alternatives.length, words.length, `${pattern}: one word per alternative`);
    alternatives.forEach((alt, i) => {
      const literal = alt.replace(/\\b/g, '').replace(/\(\?:([^|)]*)[^)]*\)/g, '$1').toLowerCase();
      assert.ok(literal.includes(words[i]), `${pattern}: alternative ${alt} does not hold ${words[i]}`);
      assert.ok(SESSION_WORDS.test(words[i]), `${words[i]} is not in SESSION_WORDS`);
    });
  }
});

test('a file without session words is skipped whole; one with them is read as before', () => {
  assert.equal(SESSION_WORDS.test('<?php function f() { return strlen("abc"); }'), false);
  for (const word of ['ini_set(', 'session_start()', '$m = new Memcached;', 'openssl_encrypt(', 'SessionHandlerInterface']) {
    assert.ok(SESSION_WORDS.test(`<?php ${word}`), word);
  }
});
