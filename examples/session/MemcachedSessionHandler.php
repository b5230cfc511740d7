<?php
namespace App\Session;

// A hand-written session handler from the PHP 7 days.
class MemcachedSessionHandler implements \SessionHandlerInterface
{
    public function __construct(private \Memcached $memcached, private int $ttl = 86400 * 45)
    {
    }

    public function open($savePath, $sessionName)          // session.handlerSignature: no `: bool`
    {
        return true;
    }

    public function close()
    {
        return true;
    }

    public function read($id)
    {
        return $this->memcached->get("sess:$id");           // session.handlerReturn: false for a new session
    }

    public function write($id, $data)
    {
        // session.memcachedTtlOver30Days: 45 days is read as a date in February 1970
        $this->memcached->set("sess:$id", $data, 86400 * 45);
    }

    public function destroy($id)
    {
        return $this->memcached->delete("sess:$id");
    }

    public function gc($maxlifetime)
    {
        return 0;
    }
}
