<?php
declare(strict_types=1);

namespace App\Support;

use Countable;
use IteratorAggregate;
use ArrayIterator;
use InvalidArgumentException;

final class Collection implements Countable
{
    /** @var array<int|string, mixed> */
    private array $items;

    public function __construct(array $items = [])
    {
        $this->items = $items;
    }

    public static function make(iterable $items = []): static
    {
        return new static(is_array($items) ? $items : iterator_to_array($items));
    }

    public function map(callable $fn): self
    {
        return new self(array_map($fn, $this->items));
    }

    public function filter(?callable $fn = null): self
    {
        return new self(array_filter($this->items, $fn ?? fn ($v) => (bool) $v));
    }

    public function count(): int
    {
        return \count($this->items);
    }

    public function first(mixed $default = null): mixed
    {
        foreach ($this->items as $item) {
            return $item;
        }
        return $default;
    }

    public function toArray(): array
    {
        return $this->items;
    }

    public function __toString(): string
    {
        return sprintf('%s(%d)', static::class, $this->count());
    }
}

enum Status: string
{
    case Draft = 'draft';
    case Published = 'published';

    public function isLive(): bool
    {
        return $this === self::Published;
    }
}

trait HasEvents
{
    private array $listeners = [];

    public function on(string $event, callable $listener): void
    {
        $this->listeners[$event][] = $listener;
    }

    public function emit(string $event, mixed ...$args): int
    {
        $n = 0;
        foreach ($this->listeners[$event] ?? [] as $listener) {
            $listener(...$args);
            $n++;
        }
        return $n;
    }
}

final class Post
{
    use HasEvents;

    public function __construct(
        public readonly int $id,
        public string $title,
        public Status $status = Status::Draft,
    ) {
    }

    public function publish(): void
    {
        if ($this->status->isLive()) {
            throw new InvalidArgumentException("Post {$this->id} is already published");
        }
        $this->status = Status::Published;
        $this->emit('published', $this);
    }
}

$posts = Collection::make([new Post(1, 'Hello'), new Post(2, 'World')]);
$log = [];
foreach ($posts->toArray() as $post) {
    $post->on('published', function (Post $p) use (&$log) {
        $log[] = "published #{$p->id}";
    });
}
$posts->first()?->publish();
try {
    $posts->first()->publish();
} catch (InvalidArgumentException $e) {
    echo $e->getMessage(), PHP_EOL;
}
$live = $posts->filter(fn (Post $p) => $p->status->isLive());
echo $live, ' ', implode(', ', $log), PHP_EOL;
echo json_encode(['count' => count($posts)]), PHP_EOL;
echo gc_collect_cycles(), ' ', memory_get_usage() > 0 ? 'ok' : 'no', PHP_EOL;
