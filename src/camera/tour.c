#include "tour.h"

#include <assert.h>

static double _tour_secs(float s) { return s > 0.0f ? (double)s : 0.0; } /* NaN too */

void cam_tour_init(cam_tour *t, const cam_tour_stop *stops, size_t count, const cam_look *start)
{
    assert(stops || count == 0);
    t->stops = stops;
    t->stop_count = count;
    t->start = *start;
    t->duration = 0.0;
    /* Summed in the same order as cam_tour_eval walks the timeline, so the
     * boundaries it returns are bit for bit the ones eval sees. */
    for (size_t i = 0; i < count; i++) {
        t->duration += _tour_secs(stops[i].travel);
        t->duration += _tour_secs(stops[i].hold);
    }
}

double cam_tour_duration(const cam_tour *t) { return t->duration; }

double cam_tour_stop_time(const cam_tour *t, size_t i)
{
    assert(i < t->stop_count);
    double at = 0.0;
    for (size_t k = 0; k < i; k++) {
        at += _tour_secs(t->stops[k].travel);
        at += _tour_secs(t->stops[k].hold);
    }
    return at + _tour_secs(t->stops[i].travel);
}

/* Tours have a handful of stops, so walking the list each frame is cheaper
 * than keeping a table in sync with it. Returns the stop and whether the
 * camera holds there; OUT gets the pose. */
static int _tour_find(const cam_tour *t, double time, cam_look *out, bool *hold)
{
    *out = t->start;
    *hold = false;
    double acc = 0.0;
    for (size_t i = 0; i < t->stop_count; i++) {
        const cam_tour_stop *s = &t->stops[i];
        const cam_look *prev = i ? &t->stops[i - 1].pose : &t->start;
        double travel = _tour_secs(s->travel);
        if (time < acc + travel) {
            cam_glide g;
            cam_glide_start(&g, prev, &s->pose, (float)travel);
            /* Local time in float after the subtraction in double: exact
             * enough however long the tour. */
            cam_glide_eval(&g, (float)(time - acc), out);
            *hold = false;
            return (int)i;
        }
        acc += travel;
        *out = s->pose;
        *hold = true;
        double h = _tour_secs(s->hold);
        /* A stop with no hold is still "held" at its one instant (seeking
         * to its stop_time shows it as the current stop), unless the next
         * stop cuts in at that same instant. */
        if (time < acc + h || i + 1 == t->stop_count || (time == acc && t->stops[i + 1].travel > 0.0f))
            return (int)i;
        acc += h;
    }
    return -1;
}

void cam_tour_eval(const cam_tour *t, double time, cam_look *out, int *stop, bool *holding)
{
    bool hold;
    int at_stop = _tour_find(t, time > 0.0 ? time : 0.0, out, &hold);
    if (stop)
        *stop = at_stop;
    if (holding)
        *holding = hold;
}

void cam_tour_player_start(cam_tour_player *p, const cam_tour *tour)
{
    p->tour = tour;
    p->t = 0.0;
    p->paused = false;
}

void cam_tour_player_update(cam_tour_player *p, double dt)
{
    if (p->paused || !(dt > 0.0))
        return;
    p->t += dt;
    if (p->t > p->tour->duration)
        p->t = p->tour->duration;
}

void cam_tour_player_pause(cam_tour_player *p) { p->paused = true; }
void cam_tour_player_resume(cam_tour_player *p) { p->paused = false; }

void cam_tour_player_seek(cam_tour_player *p, double t)
{
    p->t = t > 0.0 ? (t < p->tour->duration ? t : p->tour->duration) : 0.0;
}

bool cam_tour_player_done(const cam_tour_player *p) { return p->t >= p->tour->duration; }

void cam_tour_player_pose(const cam_tour_player *p, cam_look *out, int *stop, bool *holding)
{
    cam_tour_eval(p->tour, p->t, out, stop, holding);
}
