<?php
// Seed pattern: foreach by reference. After the first loop $price still aliases the last element; the second loop
// writes every element into it (memory.foreachReferenceLeftover; quick fix: insert unset($price)).
function withVat(array $prices): array
{
    foreach ($prices as &$price) {
        $price = round($price * 1.2, 2);
    }
    foreach ($prices as $price) {
        printf("%.2f\n", $price);
    }
    return $prices;
}

print_r(withVat([10, 20, 30])); // prints 12, 24, 24: the last price was overwritten
