import type { Fix, Rule } from '../types';
import type { Node } from '../../core/parse';
import { span } from '../../core/walk';
import { workerContexts, type Framework } from '../../core/workerContext';
import { blockingCalls, blockingMatters, databasePlaces, functionName, withArticle } from '../../core/workerCode';

// ReactPHP, Amp and Swoole coroutines run many tasks on one thread and switch between them only where a task waits
// through the loop. A blocking built-in waits without telling the loop, so every other timer, request and
// connection of the process waits with it.
export const blockingCallInEventLoop: Rule = {
  meta: {
    id: 'worker.blockingCallInEventLoop',
    area: 'worker',
    severity: 'warning',
    description: 'A blocking call (sleep, curl_exec, a PDO query, a URL read) inside an event-loop or coroutine callback.',
    fixable: true,
  },
  check(ctx) {
    const contexts = workerContexts(ctx.unit, ctx.text, ctx.settings).filter((c) => blockingMatters(c, ctx.text));
    if (!contexts.length) return;
    const db = databasePlaces(ctx.unit.nodes, ctx.text);
    const seen = new Set<Node>();
    for (const c of contexts) {
      for (const b of blockingCalls(c.body, ctx.text, db)) {
        // Nested callbacks (a timer inside a request handler) walk the same call twice.
        if (seen.has(b.call)) continue;
        seen.add(b.call);
        const range = span(b.call, ctx.text);
        const fix = sleepFix(b.call, c.framework, ctx.text);
        ctx.report({
          ...range,
          message: `\`${b.what}\` in ${withArticle(c.label)} ${b.why}${sleepFor(b.call)} and blocks the event loop: while it waits, no other ` +
            `${c.framework === 'swoole' ? 'coroutine of this worker process' : 'timer, request or connection of this process'} ` +
            `runs. ${ALTERNATIVE[c.framework] ?? ''}`.trim(),
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};

const ALTERNATIVE: Partial<Record<Framework, string>> = {
  reactphp: 'Use the non-blocking equivalent: `React\\Async\\delay()`, react/http `Browser`, react/mysql, react/child-process.',
  amp: 'Use the non-blocking equivalent: `Amp\\delay()`, amphp/http-client, amphp/mysql or amphp/postgres, amphp/process.',
  swoole: 'Turn on the runtime hooks (`Swoole\\Runtime::enableCoroutine(SWOOLE_HOOK_ALL)` or `\'hook_flags\' => SWOOLE_HOOK_ALL`) ' +
    'so Swoole makes these calls yield, or use `Swoole\\Coroutine::sleep()` and the coroutine clients.',
};

const DELAY: Partial<Record<Framework, string>> = {
  reactphp: '\\React\\Async\\delay',
  amp: '\\Amp\\delay',
  swoole: '\\Swoole\\Coroutine::sleep',
};

/** " for 250 ms" when a sleep's duration is written as a number. */
function sleepFor(call: Node): string {
  const fn = functionName(call);
  const arg = call.arguments?.[0];
  if ((fn !== 'sleep' && fn !== 'usleep') || arg?.kind !== 'number') return '';
  const ms = Number(String(arg.value).replace(/_/g, '')) / (fn === 'sleep' ? 0.001 : 1000);
  return ms >= 1000 ? ` for ${ms / 1000} s` : ` for ${ms} ms`;
}

/** `sleep(n)` / `usleep(us)` -> the loop's own delay, which takes seconds as a float. */
function sleepFix(call: Node, framework: Framework, text: string): Fix | null {
  const fn = functionName(call);
  // OpenSwoole 22 dropped the `Swoole\` aliases: keep to the namespace the file uses.
  const delay = framework === 'swoole' && /\bOpenSwoole\\/.test(text) ? '\\OpenSwoole\\Coroutine::sleep' : DELAY[framework];
  const arg = call.arguments?.[0];
  if (!delay || !arg || (fn !== 'sleep' && fn !== 'usleep') || call.arguments.length !== 1) return null;
  const a = span(arg);
  const argText = text.slice(a.start, a.end);
  const seconds = fn === 'sleep' ? argText :
    arg.kind === 'number' ? String(Number(arg.value) / 1_000_000) : `(${argText}) / 1_000_000`;
  const range = span(call, text);
  return { title: `Replace with ${delay.replace(/^\\/, '')}()`, edits: [{ ...range, newText: `${delay}(${seconds})` }], preferred: true };
}
