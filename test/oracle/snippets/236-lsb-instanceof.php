<?php
class Model { public static function create() { return new static(); } public static function name() { return static::class; } public function who() { return static::label(); } public static function label() { return 'model'; } }
class Post extends Model { public static function label() { return 'post'; } }
echo get_class(Post::create()), ' ', Post::name(), ' ', (new Post)->who(), "\n";
$p = new Post;
var_dump($p instanceof Model, $p instanceof Post, $p instanceof Countable, 'x' instanceof Model);
$cls = 'Model';
var_dump($p instanceof $cls);
