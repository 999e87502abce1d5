#include "look.h"

#include <math.h>

float cam_angle_wrap(float a) { return remainderf(a, 2.0f * GLM_PIf); }

void cam_look_from_orbit(const cam_pose *p, cam_look *out)
{
    /* The orbit's eye sits at target + d * (the unit vector for yaw and
     * pitch), so its view direction is exactly minus that vector: the same
     * angles. */
    cam_pose_eye(p, out->eye);
    out->yaw = p->yaw;
    out->pitch = p->pitch;
}

void cam_look_from_points(const float eye[3], const float look_at[3], cam_look *out)
{
    float dx = look_at[0] - eye[0], dy = look_at[1] - eye[1], dz = look_at[2] - eye[2];
    float h = hypotf(dx, dz);
    glm_vec3_copy((float *)eye, out->eye);
    out->yaw = h > 1e-9f ? atan2f(-dx, -dz) : 0.0f;
    out->pitch = (h > 1e-9f || fabsf(dy) > 1e-9f) ? atan2f(-dy, h) : 0.0f;
}

void cam_look_forward(const cam_look *l, vec3 fwd)
{
    float cp = cosf(l->pitch);
    fwd[0] = -sinf(l->yaw) * cp;
    fwd[1] = -sinf(l->pitch);
    fwd[2] = -cosf(l->yaw) * cp;
}

void cam_look_axes(const cam_look *l, vec3 fwd, vec3 right, vec3 up)
{
    float sy = sinf(l->yaw), cy = cosf(l->yaw), sp = sinf(l->pitch), cp = cosf(l->pitch);
    fwd[0] = -sy * cp;
    fwd[1] = -sp;
    fwd[2] = -cy * cp;
    /* right = normalise(fwd x world up), up = right x fwd, written out so
     * they stay defined when fwd is vertical. */
    right[0] = cy;
    right[1] = 0.0f;
    right[2] = -sy;
    up[0] = -sy * sp;
    up[1] = cp;
    up[2] = -cy * sp;
}

void cam_look_view(const cam_look *l, mat4 view)
{
    /* The same layout glm_lookat writes (rows: right, up, -forward), so the
     * matrix equals cam_orbit_view's for the same pose. */
    vec3 f, s, u;
    cam_look_axes(l, f, s, u);
    for (int i = 0; i < 3; i++) {
        view[i][0] = s[i];
        view[i][1] = u[i];
        view[i][2] = -f[i];
        view[i][3] = 0.0f;
    }
    view[3][0] = -glm_vec3_dot(s, (float *)l->eye);
    view[3][1] = -glm_vec3_dot(u, (float *)l->eye);
    view[3][2] = glm_vec3_dot(f, (float *)l->eye);
    view[3][3] = 1.0f;
}

void cam_look_proj(float fov_y, float aspect, float near_z, float far_z, mat4 proj)
{
    glm_perspective(fov_y, aspect, near_z, far_z, proj);
}

void cam_look_ray(const cam_look *l, float fov_y, float aspect, float x, float y, float w, float h, vec3 origin,
                  vec3 dir)
{
    /* Straight from the frustum's geometry: no matrix inverse, so no
     * precision lost to near/far. */
    vec3 f, s, u;
    cam_look_axes(l, f, s, u);
    float t = tanf(0.5f * fov_y);
    float nx = (2.0f * (x + 0.5f) / w - 1.0f) * t * aspect;
    float ny = (1.0f - 2.0f * (y + 0.5f) / h) * t;
    for (int i = 0; i < 3; i++)
        dir[i] = f[i] + s[i] * nx + u[i] * ny;
    glm_vec3_normalize(dir);
    glm_vec3_copy((float *)l->eye, origin);
}
