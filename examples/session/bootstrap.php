<?php
// Front controller of a small shop. MemLens shows what each session line does at run time.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

ini_set('session.save_handler', 'memcached');
ini_set('session.save_path', 'tcp://127.0.0.1:11211');     // session.savePathFormat
ini_set('session.use_strict_mode', '0');                    // session.insecureIni
ini_set('session.sid_length', '48');                        // session.deprecatedIni
session_set_cookie_params(0, '/', '', false, true);         // session.insecureIni (secure = false)

session_set_save_handler(new App\Session\MemcachedSessionHandler(new Memcached('sessions')), true);
session_start();
$cart = $_SESSION['cart'] ?? [];

// Shipping quotes come from a partner API: the session stays locked meanwhile (session.lockHeldDuringSlowWork).
$quotes = json_decode(file_get_contents('https://shipping.example.com/quotes?items=' . count($cart)), true);

echo render('cart.html.php', ['cart' => $cart, 'quotes' => $quotes]);
