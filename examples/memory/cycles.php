<?php
// Reference cycles: objects that keep each other alive after the last variable is gone.

final class ListNode
{
    public ?ListNode $next = null;
    public ?ListNode $prev = null;

    public function __construct(public string $label) {}
}

// Seed pattern: two nodes pointing at each other, then unset.
// memory.objectCycle (quick fix: "Break the cycle before release").
function twoNodes(): void
{
    $first = new ListNode('first');
    $second = new ListNode('second');
    $first->next = $second;
    $second->prev = $first;
    unset($first, $second);
}

// Seed pattern: a parent/child tree. Each child points back at its parent (memory.backReference), and the tree is
// released when the function returns (memory.objectCycle at the return).
final class Category
{
    private ?Category $parent = null;
    /** @var Category[] */
    private array $children = [];

    public function __construct(private string $name) {}

    public function addChild(Category $child): void
    {
        $this->children[] = $child;
        $child->parent = $this;
    }

    public function path(): string
    {
        return $this->parent ? $this->parent->path() . '/' . $this->name : $this->name;
    }
}

function countCategories(): int
{
    $root = new stdClass();
    $root->children = [];
    $shoes = new stdClass();
    $root->children[] = $shoes;
    $shoes->parent = $root;
    return count($root->children);
}

// A destructor that releases a lock, delayed by a cycle (memory.destructorInCycle).
final class FileLock
{
    public ?FileLock $partner = null;
    private $handle;

    public function __construct(string $path)
    {
        $this->handle = fopen($path, 'c');
        flock($this->handle, LOCK_EX);
    }

    public function __destruct()
    {
        flock($this->handle, LOCK_UN);
        fclose($this->handle);
    }
}

function lockBoth(): void
{
    $a = new FileLock(sys_get_temp_dir() . '/a.lock');
    $b = new FileLock(sys_get_temp_dir() . '/b.lock');
    $a->partner = $b;
    $b->partner = $a;
    unset($a, $b);
}

// A closure stored on $this captures $this (memory.closureThisCycle; quick fix: make it static).
final class PriceFormatter
{
    private \Closure $format;

    public function __construct()
    {
        $this->format = function (float $amount): string {
            return number_format($amount, 2) . ' EUR';
        };
    }

    public function __invoke(float $amount): string
    {
        return ($this->format)($amount);
    }
}

// memory.selfReference: the object keeps a callable that holds the object itself.
final class Router
{
    private array $fallback = [];

    public function __construct()
    {
        $this->fallback = [$this, 'notFound'];
    }

    public function notFound(): string
    {
        return '404';
    }

    public function dispatch(): string
    {
        return ($this->fallback)();
    }
}
