<?php
namespace App\Security;

// "Remember me" tokens, encrypted into a cookie and cached in a managed (SASL) memcached.
final class CookieVault
{
    private const KEY = 'Zm9vYmFyYmF6cXV4cXV1eA==';                      // session.hardcodedSecret

    public function __construct(private \Memcached $cache)
    {
        $this->cache->setSaslAuthData('shop', getenv('MEMCACHED_PASSWORD'));   // session.memcachedSaslNeedsBinary
    }

    public function seal(string $token): string
    {
        $iv = random_bytes(16);
        // session.unauthenticatedEncryption: CBC without a MAC
        return base64_encode($iv . openssl_encrypt($token, 'aes-256-cbc', self::KEY, OPENSSL_RAW_DATA, $iv));
    }

    public function remember(string $token, int $userId): void
    {
        $this->cache->set("remember:$token", $userId, 60 * 60 * 24 * 90);   // session.memcachedTtlOver30Days
    }
}
