# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# Turns a text file (a GLSL shader) into a NUL-terminated C string so the
# binary runs from any directory. Hex bytes avoid any quoting problems.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT}.tmp "/* generated from ${IN}; do not edit */\nconst char ${NAME}[] = {${bytes}0x00};\n")
file(RENAME ${OUT}.tmp ${OUT})
