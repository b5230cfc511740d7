// Parameter names of the built-ins, as PHP 8 declares them, for named arguments (`str_pad(string: $s, ...)`).
// Only the functions snippets call with names are listed; a named argument to any other built-in is reported
// as unsupported rather than guessed.
const table: Record<string, string> = {
  str_pad: 'string length pad_string pad_type',
  str_repeat: 'string times',
  implode: 'separator array',
  explode: 'separator string limit',
  array_slice: 'array offset length preserve_keys',
  array_splice: 'array offset length replacement',
  array_filter: 'array callback mode',
  array_map: 'callback array',
  array_keys: 'array filter_value strict',
  array_search: 'needle haystack strict',
  in_array: 'needle haystack strict',
  array_fill: 'start_index count value',
  array_column: 'array column_key index_key',
  array_reverse: 'array preserve_keys',
  array_combine: 'keys values',
  array_unique: 'array flags',
  array_walk: 'array callback arg',
  range: 'start end step',
  count: 'value mode',
  number_format: 'num decimals decimal_separator thousands_separator',
  substr: 'string offset length',
  trim: 'string characters',
  round: 'num precision',
  usort: 'array callback',
  iterator_to_array: 'iterator preserve_keys',
  str_replace: 'search replace subject count',
  var_dump: 'value',
  print_r: 'value return',
  var_export: 'value return',
  strlen: 'string',
  sprintf: 'format',
  printf: 'format',
};


// Names with declared types, checked under declare(strict_types=1) (a scalar of another type is a TypeError there;
// weak mode converts inside each built-in), for the functions snippets commonly call.
const signatures: Record<string, string> = {
  strlen: 'string:string',
  str_repeat: 'string:string times:int',
  substr: 'string:string offset:int length:?int',
  count: 'value:Countable|array mode:int',
  implode: 'separator:array|string array:?array',
  explode: 'separator:string string:string limit:int',
  str_pad: 'string:string length:int pad_string:string pad_type:int',
  round: 'num:int|float precision:int',
  abs: 'num:int|float',
  in_array: 'needle:mixed haystack:array strict:bool',
  array_sum: 'array:array',
  array_keys: 'array:array filter_value:mixed strict:bool',
  array_slice: 'array:array offset:int length:?int preserve_keys:bool',
  array_reverse: 'array:array preserve_keys:bool',
  array_combine: 'keys:array values:array',
  array_fill: 'start_index:int count:int value:mixed',
  array_unique: 'array:array flags:int',
  strtoupper: 'string:string',
  strtolower: 'string:string',
  ucfirst: 'string:string',
  intdiv: 'num1:int num2:int',
  str_contains: 'haystack:string needle:string',
  str_starts_with: 'haystack:string needle:string',
  str_ends_with: 'haystack:string needle:string',
  trim: 'string:string characters:string',
  number_format: 'num:float decimals:int decimal_separator:?string thousands_separator:?string',
  strpos: 'haystack:string needle:string offset:int',
  array_key_exists: 'key:mixed array:array',
};

const parsed = Object.entries(signatures).map(([k, v]) => [k, v.split(' ').map((p) => p.split(':'))] as const);
for (const [k, ps] of parsed) if (!table[k]) table[k] = ps.map(([name]) => name).join(' ');

/** Declared parameter types of the built-ins listed above, in PHP's notation (`?int`, `int|float`). */
export const nativeParamTypes = new Map(parsed.map(([k, ps]) => [k, ps.map(([, type]) => type)]));

/** Built-ins the compiler turns into opcodes of their own (zend_try_compile_special_func): they leave no frame in a
 * stack trace. */
export const inlineCompiledFunctions = new Set([
  'strlen', 'count', 'sizeof', 'is_null', 'is_bool', 'is_int', 'is_integer', 'is_long', 'is_float', 'is_double',
  'is_string', 'is_array', 'is_object', 'is_resource', 'is_scalar', 'boolval', 'intval', 'floatval', 'doubleval',
  'strval', 'defined', 'chr', 'ord', 'get_class', 'get_called_class', 'gettype', 'func_num_args', 'func_get_args',
  'array_key_exists', 'call_user_func', 'call_user_func_array',
]);

export const nativeParamNames = new Map(Object.entries(table).map(([k, v]) => [k, v.split(' ')]));
