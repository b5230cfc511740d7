// What MemLens knows about the ini directives behind sessions and Memcached (and the handful of core directives people
// set beside them): meaning, built-in default (PHP's own, not a distribution's php.ini), the secure or recommended
// value, and what changed in which version. Defaults were read from `php -i` of PHP 8.2 with php-memcached 3.2 under
// `php -n` (no php.ini) and from FACTS.md section 6.

export type IniKind = 'bool' | 'int' | 'string' | 'quantity' | 'enum';

export interface IniDirectiveInfo {
  name: string;
  kind: IniKind;
  /** Built-in default as php.ini would spell it ('' for no value). */
  default: string;
  meaning: string;
  /** The value MemLens recommends, when there is one, and why. */
  recommended?: { value: string; why: string };
  /** Version history worth knowing (added, default changed, deprecated). */
  changed?: string;
  /** Where it can be set: PHP_INI_ALL (also ini_set), PERDIR (php.ini, .user.ini, php_value), SYSTEM (php.ini only). */
  changeable: 'all' | 'perdir' | 'system';
  values?: string[];
}

const d = (info: IniDirectiveInfo) => info;

export const INI_DIRECTIVES: readonly IniDirectiveInfo[] = [
  // ext/session
  d({ name: 'session.save_handler', kind: 'string', default: 'files', changeable: 'all', values: ['files', 'memcached', 'memcache', 'redis', 'user'],
    meaning: 'Which storage the session module uses. `memcached` is ext/memcached, `memcache` is ext/memcache; each reads `session.save_path` in its own format.' }),
  d({ name: 'session.save_path', kind: 'string', default: '', changeable: 'all',
    meaning: 'Handler-specific location. files: a directory. ext/memcached: `host:port[,host:port]` (no `tcp://`: it fails with "Failed to create session ID"). ext/memcache: `tcp://host:port` or `host:port`, with `?persistent=1&weight=1...` options.' }),
  d({ name: 'session.name', kind: 'string', default: 'PHPSESSID', changeable: 'all', meaning: 'Name of the session cookie.' }),
  d({ name: 'session.auto_start', kind: 'bool', default: '0', changeable: 'perdir', meaning: 'Start a session on every request, before your code runs (and holds the session lock for the whole request).' }),
  d({ name: 'session.gc_maxlifetime', kind: 'int', default: '1440', changeable: 'all',
    meaning: 'Seconds after which session data counts as garbage. The memcached and memcache handlers pass it as the item TTL and convert values over 30 days correctly, so large values are safe there (unlike a raw `Memcached::set()` TTL).' }),
  d({ name: 'session.gc_probability', kind: 'int', default: '1', changeable: 'all', meaning: 'With `gc_divisor`, the chance that a request runs the session garbage collector (Debian sets 0 and uses a cron job).' }),
  d({ name: 'session.gc_divisor', kind: 'int', default: '100', changeable: 'all', meaning: 'See `session.gc_probability`.' }),
  d({ name: 'session.serialize_handler', kind: 'string', default: 'php', changeable: 'all', values: ['php', 'php_serialize', 'php_binary', 'igbinary', 'msgpack'], meaning: 'How `$_SESSION` is serialised into the stored string.' }),
  d({ name: 'session.cookie_lifetime', kind: 'int', default: '0', changeable: 'all', meaning: 'Cookie lifetime in seconds; 0 lasts until the browser closes.' }),
  d({ name: 'session.cookie_path', kind: 'string', default: '/', changeable: 'all', meaning: 'Path attribute of the session cookie.' }),
  d({ name: 'session.cookie_domain', kind: 'string', default: '', changeable: 'all', meaning: 'Domain attribute of the session cookie; empty means the host that set it.' }),
  d({ name: 'session.cookie_secure', kind: 'bool', default: '0', changeable: 'all',
    meaning: 'Send the session cookie only over HTTPS.',
    recommended: { value: '1', why: 'without it the session id travels in clear text over any plain-HTTP request and can be sniffed' } }),
  d({ name: 'session.cookie_httponly', kind: 'bool', default: '0', changeable: 'all',
    meaning: 'Hide the session cookie from JavaScript (`document.cookie`).',
    recommended: { value: '1', why: 'one XSS hole otherwise lets a script read and send away the session id' } }),
  d({ name: 'session.cookie_samesite', kind: 'enum', default: '', changeable: 'all', values: ['Lax', 'Strict', 'None'],
    meaning: 'SameSite attribute of the session cookie. `None` requires `cookie_secure` (browsers drop a `SameSite=None` cookie that is not Secure).',
    recommended: { value: 'Lax', why: 'cross-site POSTs (CSRF) then arrive without the session cookie' }, changed: 'Added in PHP 7.3.' }),
  d({ name: 'session.use_strict_mode', kind: 'bool', default: '0', changeable: 'all',
    meaning: 'Refuse session ids the storage does not know and issue a new one.',
    recommended: { value: '1', why: 'otherwise an attacker can plant a session id of their choosing (session fixation)' }, changed: 'Added in PHP 5.5.2.' }),
  d({ name: 'session.use_cookies', kind: 'bool', default: '1', changeable: 'all', meaning: 'Carry the session id in a cookie.' }),
  d({ name: 'session.use_only_cookies', kind: 'bool', default: '1', changeable: 'all',
    meaning: 'Accept the session id only from the cookie, never from the URL.',
    recommended: { value: '1', why: 'ids in URLs leak through Referer headers, logs and shared links' }, changed: 'Default 1 since PHP 5.3. Setting it to 0 is deprecated in PHP 8.4.' }),
  d({ name: 'session.use_trans_sid', kind: 'bool', default: '0', changeable: 'all',
    meaning: 'Rewrite URLs and forms to carry the session id.',
    recommended: { value: '0', why: 'ids in URLs leak through Referer headers, logs and shared links' }, changed: 'Enabling it is deprecated in PHP 8.4.' }),
  d({ name: 'session.trans_sid_tags', kind: 'string', default: 'a=href,area=href,frame=src,form=', changeable: 'all', meaning: 'Tags rewritten by `use_trans_sid`.', changed: 'Added in PHP 7.1; changing it is deprecated in PHP 8.4.' }),
  d({ name: 'session.trans_sid_hosts', kind: 'string', default: '', changeable: 'all', meaning: 'Hosts whose URLs `use_trans_sid` rewrites.', changed: 'Added in PHP 7.1; changing it is deprecated in PHP 8.4.' }),
  d({ name: 'session.referer_check', kind: 'string', default: '', changeable: 'all', meaning: 'Substring the Referer must contain for a URL-borne session id to be accepted.', changed: 'Changing it is deprecated in PHP 8.4.' }),
  d({ name: 'session.sid_length', kind: 'int', default: '32', changeable: 'all', meaning: 'Length of new session ids (22-256).', changed: 'Added in PHP 7.1. Deprecated in PHP 8.4 (ids are then always 32 characters of 4 bits).' }),
  d({ name: 'session.sid_bits_per_character', kind: 'int', default: '4', changeable: 'all', values: ['4', '5', '6'], meaning: 'Bits per session id character (4: 0-9a-f, 5: 0-9a-v, 6: 0-9a-zA-Z,-).', changed: 'Added in PHP 7.1. Deprecated in PHP 8.4.' }),
  d({ name: 'session.lazy_write', kind: 'bool', default: '1', changeable: 'all', meaning: 'Write session data back only when it changed.', changed: 'Added in PHP 7.0.' }),
  d({ name: 'session.cache_limiter', kind: 'enum', default: 'nocache', changeable: 'all', values: ['nocache', 'private', 'private_no_expire', 'public', ''], meaning: 'Cache headers sent with a session page.' }),
  d({ name: 'session.cache_expire', kind: 'int', default: '180', changeable: 'all', meaning: 'Minutes cached session pages live (private/public limiters).' }),
  // ext/memcached session handler
  d({ name: 'memcached.sess_locking', kind: 'bool', default: '1', changeable: 'all',
    meaning: 'Lock the session while a request has it open. With 0, two concurrent requests of one user each write back what they read and one update is lost.',
    recommended: { value: '1', why: 'with 0 concurrent requests lose session writes (verified: ["A"] instead of ["A","B"])' } }),
  d({ name: 'memcached.sess_lock_wait_min', kind: 'int', default: '150', changeable: 'all', meaning: 'Milliseconds to wait between lock attempts (lower bound).', changed: 'php-memcached 3.0 replaced `sess_lock_wait`.' }),
  d({ name: 'memcached.sess_lock_wait_max', kind: 'int', default: '150', changeable: 'all', meaning: 'Milliseconds to wait between lock attempts (upper bound).' }),
  d({ name: 'memcached.sess_lock_retries', kind: 'int', default: '5', changeable: 'all', meaning: 'Lock attempts before `session_start()` gives up (5 x 150 ms: about 0.75 s) with "Unable to clear session lock record" and returns false.' }),
  d({ name: 'memcached.sess_lock_expire', kind: 'int', default: '0', changeable: 'all', meaning: 'Seconds a lock lives if its holder dies; 0 uses `max_execution_time`.' }),
  d({ name: 'memcached.sess_lock_wait', kind: 'int', default: '', changeable: 'all', meaning: 'Old lock wait setting.', changed: 'Deprecated in php-memcached 3.0: use `sess_lock_wait_min`/`sess_lock_wait_max`.' }),
  d({ name: 'memcached.sess_lock_max_wait', kind: 'int', default: '', changeable: 'all', meaning: 'Old lock wait setting.', changed: 'Deprecated in php-memcached 3.0: use `sess_lock_retries`.' }),
  d({ name: 'memcached.sess_prefix', kind: 'string', default: 'memc.sess.key.', changeable: 'all', meaning: 'Key prefix of session items.' }),
  d({ name: 'memcached.sess_binary_protocol', kind: 'bool', default: '1', changeable: 'all', meaning: 'Talk the binary protocol for sessions (needed for SASL).' }),
  d({ name: 'memcached.sess_consistent_hash', kind: 'bool', default: '1', changeable: 'all', meaning: 'Consistent hashing across the servers of `save_path`, so adding a server moves few sessions.' }),
  d({ name: 'memcached.sess_number_of_replicas', kind: 'int', default: '0', changeable: 'all', meaning: 'Extra servers each session is written to.' }),
  d({ name: 'memcached.sess_remove_failed_servers', kind: 'bool', default: '0', changeable: 'all', meaning: 'Drop a server from the pool after `sess_server_failure_limit` failures.' }),
  d({ name: 'memcached.sess_server_failure_limit', kind: 'int', default: '0', changeable: 'all', meaning: 'Failures before a server is dropped (with `sess_remove_failed_servers`).' }),
  d({ name: 'memcached.sess_connect_timeout', kind: 'int', default: '0', changeable: 'all', meaning: 'Connect timeout in milliseconds for session servers (0: libmemcached default).' }),
  d({ name: 'memcached.sess_persistent', kind: 'bool', default: '0', changeable: 'all', meaning: 'Reuse session connections across requests.' }),
  d({ name: 'memcached.sess_sasl_username', kind: 'string', default: '', changeable: 'all', meaning: 'SASL user for session servers (binary protocol only).' }),
  d({ name: 'memcached.sess_sasl_password', kind: 'string', default: '', changeable: 'all', meaning: 'SASL password for session servers. Keep it out of version control.' }),
  d({ name: 'memcached.serializer', kind: 'enum', default: 'php', changeable: 'all', values: ['php', 'igbinary', 'json', 'json_array', 'msgpack'], meaning: 'Serializer for non-scalar values stored through `Memcached`.' }),
  d({ name: 'memcached.compression_threshold', kind: 'int', default: '2000', changeable: 'all', meaning: 'Values larger than this many bytes are compressed.' }),
  d({ name: 'memcached.default_binary_protocol', kind: 'bool', default: '0', changeable: 'all', meaning: 'Binary protocol for new `Memcached` objects (SASL needs it).' }),
  // ext/memcache
  d({ name: 'memcache.session_redundancy', kind: 'int', default: '2', changeable: 'all', meaning: 'ext/memcache: servers each session is written to (number of servers + 1 to write to all).' }),
  d({ name: 'memcache.hash_strategy', kind: 'enum', default: 'consistent', changeable: 'all', values: ['standard', 'consistent'], meaning: 'ext/memcache: how keys map to servers.' }),
  // core directives set beside them
  d({ name: 'memory_limit', kind: 'quantity', default: '128M', changeable: 'all', meaning: 'Most memory a script may allocate; `-1` is unlimited. A bare number is bytes.' }),
  d({ name: 'max_execution_time', kind: 'int', default: '30', changeable: 'all', meaning: 'Seconds of CPU time a script may run (0 in the CLI). Also the default life of a memcached session lock.' }),
  d({ name: 'zend.enable_gc', kind: 'bool', default: '1', changeable: 'all', meaning: 'Run the cycle collector automatically (at 10,000 possible roots).' }),
  d({ name: 'display_errors', kind: 'bool', default: '1' /* the CLI prints to STDOUT */, changeable: 'all', meaning: 'Print errors into the output. Deprecation notices printed before `session_start()` send headers, so the session cookie cannot be set.', recommended: { value: '0', why: 'in production errors belong in the log, not the page' } }),
  d({ name: 'expose_php', kind: 'bool', default: '1', changeable: 'system', meaning: 'Send `X-Powered-By: PHP/x.y.z`.' }),
  d({ name: 'allow_url_fopen', kind: 'bool', default: '1', changeable: 'system', meaning: 'Let file functions open http:// and ftp:// URLs (a blocking network call).' }),
  d({ name: 'default_socket_timeout', kind: 'int', default: '60', changeable: 'all', meaning: 'Seconds a stream read waits, e.g. `file_get_contents(\'http://...\')` while the session lock is held.' }),
  d({ name: 'opcache.enable', kind: 'bool', default: '1', changeable: 'all', meaning: 'OPcache for FPM/Apache.' }),
  d({ name: 'opcache.enable_cli', kind: 'bool', default: '0', changeable: 'system', meaning: 'OPcache for the CLI.' }),
];

export const INI_BY_NAME: ReadonlyMap<string, IniDirectiveInfo> = new Map(INI_DIRECTIVES.map((x) => [x.name, x]));

/** Keys of a php-fpm pool file (not PHP directives) that MemLens explains. */
export const FPM_POOL_KEYS: readonly IniDirectiveInfo[] = [
  d({ name: 'pm', kind: 'enum', default: 'dynamic', changeable: 'system', values: ['static', 'dynamic', 'ondemand'], meaning: 'How the pool sizes its worker processes.' }),
  d({ name: 'pm.max_children', kind: 'int', default: '5', changeable: 'system', meaning: 'Most worker processes at once: concurrent requests beyond it queue.' }),
  d({ name: 'pm.start_servers', kind: 'int', default: '2', changeable: 'system', meaning: 'Workers started with the pool (dynamic).' }),
  d({ name: 'pm.min_spare_servers', kind: 'int', default: '1', changeable: 'system', meaning: 'Fewest idle workers (dynamic).' }),
  d({ name: 'pm.max_spare_servers', kind: 'int', default: '3', changeable: 'system', meaning: 'Most idle workers (dynamic).' }),
  d({ name: 'pm.max_requests', kind: 'int', default: '0', changeable: 'system', meaning: 'Requests a worker serves before it is replaced; 0 never recycles, so a slow leak grows forever.', recommended: { value: '500', why: 'recycling bounds what a leak can cost' } }),
  d({ name: 'pm.process_idle_timeout', kind: 'int', default: '10s', changeable: 'system', meaning: 'Idle time before an ondemand worker exits.' }),
  d({ name: 'request_terminate_timeout', kind: 'int', default: '0', changeable: 'system', meaning: 'Kill a worker whose request runs longer than this (0: never).' }),
  d({ name: 'request_slowlog_timeout', kind: 'int', default: '0', changeable: 'system', meaning: 'Log a stack trace of requests slower than this to `slowlog`.' }),
  d({ name: 'listen', kind: 'string', default: '', changeable: 'system', meaning: 'Address or socket the pool accepts FastCGI on.' }),
  d({ name: 'user', kind: 'string', default: '', changeable: 'system', meaning: 'Unix user of the workers.' }),
  d({ name: 'group', kind: 'string', default: '', changeable: 'system', meaning: 'Unix group of the workers.' }),
];

export const FPM_BY_NAME: ReadonlyMap<string, IniDirectiveInfo> = new Map(FPM_POOL_KEYS.map((x) => [x.name, x]));

/** Markdown for a directive: what it does, default, recommended value, history. */
export function describeDirective(info: IniDirectiveInfo): string {
  const lines = [`**${info.name}**`, '', info.meaning, '', `Default: \`${info.default === '' ? '(empty)' : info.default}\``];
  if (info.recommended) lines.push(`Recommended: \`${info.recommended.value}\`: ${info.recommended.why}.`);
  if (info.values) lines.push(`Values: ${info.values.filter(Boolean).map((v) => `\`${v}\``).join(', ')}`);
  if (info.changed) lines.push(info.changed);
  const where = { all: 'anywhere, including `ini_set()`', perdir: 'php.ini, .user.ini, `php_value` (not `ini_set()`)', system: 'php.ini or the pool file only' };
  lines.push(`Can be set: ${where[info.changeable]}.`);
  return lines.join('  \n');
}
