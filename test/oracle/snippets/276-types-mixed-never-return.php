<?php
function a(): mixed {}
function b(): never { echo "in b\n"; }
function c(): ?int { return null; }
function d(): void {}
try { a(); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { b(); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
var_dump(c(), d());
