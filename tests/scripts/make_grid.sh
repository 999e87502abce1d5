#!/bin/sh
# Writes a wavy N x N grid of 2*N*N triangles as OBJ to stdout: test input
# of any size with no file to ship.   make_grid.sh N
awk -v n="$1" 'BEGIN {
  for (j = 0; j <= n; j++) for (i = 0; i <= n; i++)
    printf "v %.5f %.5f %.5f\n", i / n - 0.5, 0.03 * sin(i * 0.09) * cos(j * 0.07), j / n - 0.5
  for (j = 0; j < n; j++) for (i = 0; i < n; i++) {
    a = j * (n + 1) + i + 1
    printf "f %d %d %d\nf %d %d %d\n", a, a + n + 1, a + 1, a + 1, a + n + 1, a + n + 2
  }
}'
