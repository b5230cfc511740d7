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
  strlen: 'string',
  sprintf: 'format',
  printf: 'format',
};

export const nativeParamNames = new Map(Object.entries(table).map(([k, v]) => [k, v.split(' ')]));
