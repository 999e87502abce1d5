#include "glide.h"

#include <math.h>

#define GLIDE_MIN_S 0.8f
#define GLIDE_MAX_S 4.0f
/* Average turn rate of a glide: 60 degrees a second, so the peak (1.875
 * times that) stays under 120 degrees a second. */
#define GLIDE_TURN_RATE glm_rad(60.0f)
/* Moves shorter than this turn over the whole glide; by LONG the turn takes
 * only the first LEAD of it. */
#define GLIDE_SHORT_M 2.0f
#define GLIDE_LONG_M 8.0f
#define GLIDE_LEAD 0.75f

float cam_smootherstep(float u)
{
    u = glm_clamp(u, 0.0f, 1.0f);
    return u * u * u * (u * (u * 6.0f - 15.0f) + 10.0f);
}

float cam_glide_duration(const cam_look *from, const cam_look *to)
{
    float dist = glm_vec3_distance((float *)from->eye, (float *)to->eye);
    float angle = fmaxf(fabsf(cam_angle_wrap(to->yaw - from->yaw)), fabsf(to->pitch - from->pitch));
    /* Time grows with the square root of distance: long moves go faster,
     * as a visitor would hurry across a hall but step carefully nearby. */
    float t = fmaxf(0.6f + 0.8f * sqrtf(dist), angle / GLIDE_TURN_RATE);
    return glm_clamp(t, GLIDE_MIN_S, GLIDE_MAX_S);
}

void cam_glide_start(cam_glide *g, const cam_look *from, const cam_look *to, float duration)
{
    g->from = *from;
    g->to = *to;
    g->duration = duration > 0 ? duration : cam_glide_duration(from, to);
    g->dyaw = cam_angle_wrap(to->yaw - from->yaw);
    float dist = glm_vec3_distance((float *)from->eye, (float *)to->eye);
    float k = glm_clamp((dist - GLIDE_SHORT_M) / (GLIDE_LONG_M - GLIDE_SHORT_M), 0.0f, 1.0f);
    g->turn_time = g->duration * (1.0f - (1.0f - GLIDE_LEAD) * k);
    g->t = 0.0f;
    g->active = true;
}

void cam_glide_eval(const cam_glide *g, float t, cam_look *out)
{
    if (!(t > 0.0f)) {
        *out = g->from;
        return;
    }
    if (t >= g->duration) {
        *out = g->to;
        return;
    }
    float s = cam_smootherstep(t / g->duration);
    glm_vec3_lerp((float *)g->from.eye, (float *)g->to.eye, s, out->eye);
    if (t >= g->turn_time) {
        out->yaw = g->to.yaw;
        out->pitch = g->to.pitch;
        return;
    }
    float a = cam_smootherstep(t / g->turn_time);
    out->yaw = cam_angle_wrap(g->from.yaw + g->dyaw * a);
    out->pitch = g->from.pitch + (g->to.pitch - g->from.pitch) * a;
}

bool cam_glide_update(cam_glide *g, float dt, cam_look *out)
{
    if (g->active && dt > 0.0f)
        g->t += dt;
    if (g->t >= g->duration)
        g->active = false;
    cam_glide_eval(g, g->t, out);
    return g->active;
}
