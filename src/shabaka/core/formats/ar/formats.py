"""Arabic: Django groups no digits (NUMBER_GROUPING 0), so 12500000 would read as one block.
Libya, like the Maghreb, writes Western digits grouped by thousands with a dot and decimals
after a comma (CLDR ar-LY: 12.500.000,00); Django's Arabic separators already say so."""

NUMBER_GROUPING = 3
