// Ways a simulation stops early. Each maps to a CLI exit code (DESIGN.md): Unsupported -> 3, Guard -> 4.

/** Code outside the supported subset: reported with its line, never guessed. */
export class Unsupported extends Error {
  constructor(public line: number, message: string) {
    super(message);
  }
}

/** A guard of the simulator (steps, simulated memory, recursion depth) ended the run. */
export class Guard extends Error {
  constructor(public line: number, message: string) {
    super(message);
  }
}

/** A PHP fatal error (not an exception): real PHP prints it on stderr (display_errors=Off in the CLI) and stops. */
export class Fatal extends Error {
  constructor(public line: number, message: string) {
    super(message);
  }
}

/** A thrown PHP exception travelling up the JS stack. `obj` holds one reference. */
export class Thrown extends Error {
  constructor(public obj: import('./zval.js').ZObject) {
    super('php exception');
  }
}

/** exit()/die(). */
export class Exit extends Error {
  constructor(public status: number) {
    super('exit');
  }
}
