/* Key names shared by both platforms: input scripts, logs and (later) a key
 * map in an exhibition file all spell keys the same way. */
#include "platform.h"

#include <string.h>

/* Indexed by plat_key; a designated initialiser per key so a new key with no
 * name is caught by the test that walks every key. */
static const char *const _plat_key_names[PLAT_KEY_COUNT] = {
    [PLAT_KEY_OTHER] = "other",
    [PLAT_KEY_ESCAPE] = "escape",
    [PLAT_KEY_F] = "f",
    [PLAT_KEY_R] = "r",
    [PLAT_KEY_L] = "l",
    [PLAT_KEY_C] = "c",
    [PLAT_KEY_U] = "u",
    [PLAT_KEY_M] = "m",
    [PLAT_KEY_F11] = "f11",
    [PLAT_KEY_S] = "s",
    [PLAT_KEY_W] = "w",
    [PLAT_KEY_A] = "a",
    [PLAT_KEY_D] = "d",
    [PLAT_KEY_UP] = "up",
    [PLAT_KEY_DOWN] = "down",
    [PLAT_KEY_LEFT] = "left",
    [PLAT_KEY_RIGHT] = "right",
    [PLAT_KEY_0] = "0",
    [PLAT_KEY_1] = "1",
    [PLAT_KEY_2] = "2",
    [PLAT_KEY_3] = "3",
    [PLAT_KEY_4] = "4",
    [PLAT_KEY_5] = "5",
    [PLAT_KEY_6] = "6",
    [PLAT_KEY_7] = "7",
    [PLAT_KEY_8] = "8",
    [PLAT_KEY_9] = "9",
    [PLAT_KEY_SPACE] = "space",
    [PLAT_KEY_TAB] = "tab",
    [PLAT_KEY_ENTER] = "enter",
    [PLAT_KEY_BACKSPACE] = "backspace",
    [PLAT_KEY_T] = "t",
    [PLAT_KEY_P] = "p",
    [PLAT_KEY_H] = "h",
    [PLAT_KEY_I] = "i",
    [PLAT_KEY_PAGEUP] = "pageup",
    [PLAT_KEY_PAGEDOWN] = "pagedown",
    [PLAT_KEY_HOME] = "home",
    [PLAT_KEY_END] = "end",
};

/* Other spellings people type by habit. */
static const struct {
    const char *alias;
    plat_key key;
} _plat_key_aliases[] = {
    { "esc", PLAT_KEY_ESCAPE },   { "return", PLAT_KEY_ENTER },   { "pgup", PLAT_KEY_PAGEUP },
    { "pgdn", PLAT_KEY_PAGEDOWN }, { "pagedn", PLAT_KEY_PAGEDOWN },
};

const char *plat_key_name(plat_key key)
{
    if ((int)key < 0 || key >= PLAT_KEY_COUNT || !_plat_key_names[key])
        return "other";
    return _plat_key_names[key];
}

plat_key plat_key_from_name(const char *name)
{
    char low[16];
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n >= sizeof low)
        return PLAT_KEY_OTHER;
    for (size_t i = 0; i <= n; i++)
        low[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i]; /* ASCII only: no locale */
    for (int k = 0; k < PLAT_KEY_COUNT; k++)
        if (_plat_key_names[k] && strcmp(low, _plat_key_names[k]) == 0)
            return (plat_key)k;
    for (size_t i = 0; i < sizeof _plat_key_aliases / sizeof _plat_key_aliases[0]; i++)
        if (strcmp(low, _plat_key_aliases[i].alias) == 0)
            return _plat_key_aliases[i].key;
    return PLAT_KEY_OTHER;
}
