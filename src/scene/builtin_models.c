/* The table of built-in models: one line each. */
#include "builtin_models.h"

#include <string.h>

#include "scene/chu_dau_vase.h"
#include "scene/dong_son_drum.h"

typedef struct _builtin {
    const char *name;
    bool (*make)(scene_model *m);
    uint32_t revision; /* raise it whenever the generator's output changes */
} _builtin;

static const _builtin _builtins[] = {
    { "dong-son-drum", scene_make_dong_son_drum, 1 },
    { "chu-dau-vase", scene_make_chu_dau_vase, 1 },
};

size_t scene_builtin_count(void)
{
    return sizeof _builtins / sizeof *_builtins;
}

const char *scene_builtin_name(size_t i)
{
    return i < scene_builtin_count() ? _builtins[i].name : NULL;
}

int scene_builtin_find(const char *name)
{
    for (size_t i = 0; i < scene_builtin_count(); i++)
        if (strcmp(_builtins[i].name, name) == 0)
            return (int)i;
    return -1;
}

uint32_t scene_builtin_revision(size_t i)
{
    return i < scene_builtin_count() ? _builtins[i].revision : 0;
}

bool scene_builtin_make(size_t i, scene_model *m)
{
    return i < scene_builtin_count() && _builtins[i].make(m);
}
