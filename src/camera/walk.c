#include "walk.h"

#include <math.h>
#include <string.h>

#define WALK_PITCH_LIMIT glm_rad(80.0f)
/* Tap-to-walk brakes along v = sqrt(2 b d) with b below the real
 * deceleration, so the walker can always follow the curve and stops short
 * of, never past, the goal. */
#define WALK_BRAKE_SHARE 0.7f
#define WALK_ARRIVE_DIST 0.02f   /* m: close enough; the last bit is the stop */
#define WALK_PROGRESS_STEP 0.005f /* m of progress that resets the blocked timer */
#define WALK_BLOCKED_TIME 0.5f   /* s without progress: give up */
/* The automatic turn toward travel: gentle top rate, eased in and out, and
 * none in the last half metre, where the direction to a point underfoot
 * swings wildly. */
#define WALK_TURN_RATE 1.5f  /* rad/s */
#define WALK_TURN_ACCEL 4.0f /* rad/s^2 */
#define WALK_TURN_NEAR 0.5f  /* m */

static float _walk_len(const float v[2]) { return hypotf(v[0], v[1]); }

void cam_walk_init(cam_walk *w, const cam_walk_desc *d)
{
    memset(w, 0, sizeof *w);
    w->pos[0] = d->x;
    w->pos[1] = d->z;
    w->yaw = cam_angle_wrap(d->yaw);
    w->pitch = glm_clamp(d->pitch, -WALK_PITCH_LIMIT, WALK_PITCH_LIMIT);
    w->floor_y = d->floor_y;
    w->eye_height = d->eye_height > 0 ? d->eye_height : 1.6f;
    w->radius = d->radius > 0 ? d->radius : 0.3f;
    w->speed = d->speed > 0 ? d->speed : 1.4f;
    w->run_factor = d->run_factor > 0 ? d->run_factor : 2.0f;
    w->accel = w->speed / (d->accel_time > 0 ? d->accel_time : 0.3f);
    w->decel = w->speed / (d->stop_time > 0 ? d->stop_time : 0.25f);
}

/* Moves the velocity toward TARGET at a limited rate for DT seconds and
 * returns the exact displacement of that motion in MOVED. For a constant
 * target the velocity changes along one straight line at a constant rate
 * until it reaches the target, so the displacement has a closed form: frame
 * rate does not change the path. Speeding up (or turning) uses the
 * acceleration, slowing down the deceleration. */
static void _walk_approach(cam_walk *w, const float target[2], float dt, float moved[2])
{
    float d[2] = { target[0] - w->vel[0], target[1] - w->vel[1] };
    float gap = _walk_len(d);
    float rate = _walk_len(target) >= _walk_len(w->vel) ? w->accel : w->decel;
    if (gap < 1e-9f) {
        moved[0] = w->vel[0] * dt;
        moved[1] = w->vel[1] * dt;
        w->vel[0] = target[0];
        w->vel[1] = target[1];
        return;
    }
    float u[2] = { d[0] / gap, d[1] / gap };
    float t_reach = gap / rate;
    float t1 = fminf(dt, t_reach);
    for (int i = 0; i < 2; i++) {
        moved[i] = w->vel[i] * t1 + 0.5f * rate * u[i] * t1 * t1;
        if (dt >= t_reach) {
            moved[i] += target[i] * (dt - t_reach);
            w->vel[i] = target[i];
        } else {
            w->vel[i] += rate * u[i] * dt;
        }
    }
}

/* The world velocity the move axes ask for, in the frame of the view's yaw. */
static void _walk_input_velocity(const cam_walk *w, const cam_walk_input *in, float out[2])
{
    float f = glm_clamp(in->forward, -1.0f, 1.0f), s = glm_clamp(in->strafe, -1.0f, 1.0f);
    float m = hypotf(f, s);
    if (m > 1.0f) { /* a diagonal is no faster than straight ahead */
        f /= m;
        s /= m;
    }
    float speed = w->speed * (in->run ? w->run_factor : 1.0f);
    float sy = sinf(w->yaw), cy = cosf(w->yaw);
    /* forward (-sin yaw, -cos yaw), right (cos yaw, -sin yaw) */
    out[0] = (-sy * f + cy * s) * speed;
    out[1] = (-cy * f - sy * s) * speed;
}

/* The goal's wanted velocity: straight at it, braking to arrive at rest.
 * Arrival and the blocked timer are decided here too. */
static void _walk_goal_velocity(cam_walk *w, float dt, bool run, float out[2])
{
    out[0] = out[1] = 0.0f;
    float d[2] = { w->goal[0] - w->pos[0], w->goal[1] - w->pos[1] };
    float dist = _walk_len(d);
    if (dist < WALK_ARRIVE_DIST) {
        cam_walk_cancel(w);
        return;
    }
    if (dist < w->best_dist - WALK_PROGRESS_STEP) {
        w->best_dist = dist;
        w->stuck_time = 0.0f;
    } else if ((w->stuck_time += dt) > WALK_BLOCKED_TIME) {
        cam_walk_cancel(w);
        return;
    }
    float top = w->speed * (run ? w->run_factor : 1.0f);
    float speed = fminf(top, sqrtf(2.0f * WALK_BRAKE_SHARE * w->decel * dist));
    out[0] = d[0] / dist * speed;
    out[1] = d[1] / dist * speed;
}

/* Eases the yaw toward the direction of travel while walking to a goal; the
 * turn rate itself is eased, so the view never starts or stops turning with
 * a jerk. With no goal the rate winds down to zero. */
static void _walk_auto_turn(cam_walk *w, float dt)
{
    float diff = 0.0f;
    if (w->has_goal && w->goal_turn) {
        float dx = w->goal[0] - w->pos[0], dz = w->goal[1] - w->pos[1];
        if (hypotf(dx, dz) > WALK_TURN_NEAR)
            diff = cam_angle_wrap(atan2f(-dx, -dz) - w->yaw);
    }
    float want = copysignf(fminf(WALK_TURN_RATE, sqrtf(2.0f * 0.8f * WALK_TURN_ACCEL * fabsf(diff))), diff);
    float step = WALK_TURN_ACCEL * dt;
    float before = w->yaw_rate;
    w->yaw_rate = glm_clamp(want, before - step, before + step);
    float turn = 0.5f * (before + w->yaw_rate) * dt;
    if (diff != 0.0f && turn * diff > 0.0f && fabsf(turn) > fabsf(diff)) { /* no overshoot */
        turn = diff;
        w->yaw_rate = 0.0f;
    }
    w->yaw = cam_angle_wrap(w->yaw + turn);
}

void cam_walk_update(cam_walk *w, const cam_walk_input *in, float dt, cam_collide_fn collide, void *user)
{
    static const cam_walk_input none = { 0 };
    if (!in)
        in = &none;
    bool moving_input = fabsf(in->forward) > 1e-3f || fabsf(in->strafe) > 1e-3f;
    bool looking = in->look_yaw != 0.0f || in->look_pitch != 0.0f;
    if (moving_input)
        cam_walk_cancel(w);
    if (looking) {
        /* The visitor took the view: no more automatic turning this walk. */
        w->goal_turn = false;
        w->yaw_rate = 0.0f;
    }
    w->yaw = cam_angle_wrap(w->yaw + in->look_yaw);
    w->pitch = glm_clamp(w->pitch + in->look_pitch, -WALK_PITCH_LIMIT, WALK_PITCH_LIMIT);
    if (!(dt > 0.0f))
        return;

    float target[2] = { 0.0f, 0.0f };
    if (w->has_goal)
        _walk_goal_velocity(w, dt, in->run, target);
    else
        _walk_input_velocity(w, in, target);
    _walk_auto_turn(w, dt);

    float moved[2];
    _walk_approach(w, target, dt, moved);
    if (moved[0] == 0.0f && moved[1] == 0.0f)
        return;
    float wanted[2] = { w->pos[0] + moved[0], w->pos[1] + moved[1] };
    float to[2] = { wanted[0], wanted[1] };
    if (collide)
        collide(user, w->pos, to, w->radius);
    /* Whatever the obstacle pushed back is the direction of its surface:
     * drop the velocity's part into it, keep the part along it (sliding).
     * Without this the walker would keep its speed into the wall and the
     * next steps would press and get pushed back, frame after frame. */
    float push[2] = { to[0] - wanted[0], to[1] - wanted[1] };
    float plen = _walk_len(push);
    if (plen > 1e-6f) {
        float n[2] = { push[0] / plen, push[1] / plen };
        float vn = w->vel[0] * n[0] + w->vel[1] * n[1];
        if (vn < 0.0f) {
            w->vel[0] -= vn * n[0];
            w->vel[1] -= vn * n[1];
        }
    }
    w->pos[0] = to[0];
    w->pos[1] = to[1];
}

void cam_walk_goto(cam_walk *w, float x, float z)
{
    w->has_goal = true;
    w->goal_turn = true;
    w->goal[0] = x;
    w->goal[1] = z;
    w->best_dist = hypotf(x - w->pos[0], z - w->pos[1]);
    w->stuck_time = 0.0f;
}

void cam_walk_cancel(cam_walk *w)
{
    w->has_goal = false;
    w->goal_turn = false;
}

float cam_walk_speed(const cam_walk *w) { return _walk_len(w->vel); }

bool cam_walk_busy(const cam_walk *w) { return w->has_goal || _walk_len(w->vel) > 0.0f || w->yaw_rate != 0.0f; }

void cam_walk_look(const cam_walk *w, cam_look *out)
{
    out->eye[0] = w->pos[0];
    out->eye[1] = w->floor_y + w->eye_height;
    out->eye[2] = w->pos[1];
    out->yaw = w->yaw;
    out->pitch = w->pitch;
}

void cam_walk_set_look(cam_walk *w, const cam_look *l)
{
    w->pos[0] = l->eye[0];
    w->pos[1] = l->eye[2];
    w->yaw = cam_angle_wrap(l->yaw);
    w->pitch = glm_clamp(l->pitch, -WALK_PITCH_LIMIT, WALK_PITCH_LIMIT);
    w->vel[0] = w->vel[1] = 0.0f;
    w->yaw_rate = 0.0f;
    cam_walk_cancel(w);
}

void cam_walk_look_from_pixels(float dx_px, float dy_px, float viewport_h, float sensitivity, float *look_yaw,
                               float *look_pitch)
{
    float k = (sensitivity > 0 ? sensitivity : 0.5f * GLM_PIf) / fmaxf(viewport_h, 1.0f);
    *look_yaw = -dx_px * k; /* + yaw turns left */
    *look_pitch = dy_px * k;
}
