<?php
class MyEx extends Exception { function __construct(public $extra) { parent::__construct('custom ' . $extra); } }
try { throw new MyEx('data'); } catch (MyEx $e) { echo $e->getMessage(), ' ', $e->extra, "\n"; }
