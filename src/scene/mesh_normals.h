/* mesh_normals: smooth vertex normals from triangle faces (area weighted),
 * for generated geometry; imported scans get theirs from the importer. */
#ifndef VT_MESH_NORMALS_H
#define VT_MESH_NORMALS_H

#include "scene/model.h"

/* Fills mesh->normals (already allocated) and mesh->bounds. */
void scene_mesh_compute_normals(scene_mesh *mesh);

#endif
