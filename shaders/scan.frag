#version 330 core
// Scan fragment shader. Three looks:
//   0 unlit: the scan's own colour, which for photogrammetry already holds
//            the light of the day it was captured;
//   1 lit:   colour under a soft key light and sky/ground ambient;
//   2 clay:  no colour, lit, to read the form (and for scans with none);
//   3 gallery: a coloured scan standing in a lit room: its baked colour,
//            only gently shaded by the room's light from above so it
//            belongs to the room without its captured light being doubled.
// The look is compiled in (VT_MODE 0, 1, 2, defined by the renderer) so that
// a software rasteriser never pays for lighting it does not show. Normal and
// occlusion maps add detail in lit and clay. All maths in linear light; the
// result is encoded to sRGB once, here.
#ifndef VT_MODE
#define VT_MODE 0
#endif
in vec3 v_world;
in vec3 v_normal;
in vec2 v_uv;
in vec4 v_color; // linear (decoded per vertex)

uniform vec4 u_base_color;   // linear
uniform sampler2D u_base_tex; // sRGB texture: sampled as linear
uniform sampler2D u_normal_tex;
uniform sampler2D u_ao_tex;
uniform int u_has_base_tex;
uniform int u_has_normal_tex;
uniform int u_has_ao_tex;
uniform vec3 u_eye;
uniform vec3 u_key_dir;      // towards the light, world space
uniform vec3 u_clay;         // linear albedo of clay mode
uniform int u_alpha_from_color; // glass: blended with the vertex colour's alpha

out vec4 frag_color;

vec3 linear_to_srgb(vec3 c)
{
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

void main()
{
#if VT_MODE == 2
    vec3 albedo = u_clay;
#else
    vec3 albedo = u_base_color.rgb * v_color.rgb;
    if (u_has_base_tex != 0)
        albedo *= texture(u_base_tex, v_uv).rgb;
#endif

#if VT_MODE == 0
    vec3 color = albedo;
#elif VT_MODE == 3
    vec3 n = normalize(v_normal);
    if (!gl_FrontFacing)
        n = -n;
    float shade = 0.5 * max(dot(n, normalize(u_key_dir)), 0.0) + 0.5 * (0.5 + 0.5 * n.y);
    vec3 color = albedo * mix(0.78, 1.06, shade);
#else
    vec3 n = normalize(v_normal);
    // Scans are often open shells (a mask's back, a bust's hollow base):
    // light the inside as if it faced us.
    if (!gl_FrontFacing)
        n = -n;
    if (u_has_normal_tex != 0) {
        // Tangent frame from screen-space derivatives (no stored tangents):
        // C. Schüler, "Normal mapping without precomputed tangents" (2013).
        vec3 dp1 = dFdx(v_world), dp2 = dFdy(v_world);
        vec2 duv1 = dFdx(v_uv), duv2 = dFdy(v_uv);
        vec3 dp2perp = cross(dp2, n), dp1perp = cross(n, dp1);
        vec3 t = dp2perp * duv1.x + dp1perp * duv2.x;
        vec3 b = dp2perp * duv1.y + dp1perp * duv2.y;
        float inv = inversesqrt(max(max(dot(t, t), dot(b, b)), 1e-30));
        // x, y from the map (BC5 keeps only those); z rebuilt. Our v runs
        // down the image while the map's green points up it: flip y.
        vec2 xy = texture(u_normal_tex, v_uv).rg * 2.0 - 1.0;
        vec3 m = vec3(xy.x, -xy.y, sqrt(max(0.0, 1.0 - dot(xy, xy))));
        n = normalize(mat3(t * inv, b * inv, n) * m);
    }
    float ao = 1.0;
    if (u_has_ao_tex != 0)
        ao = texture(u_ao_tex, v_uv).r;
    vec3 v = normalize(u_eye - v_world);
    vec3 l = normalize(u_key_dir);
    float ndl = max(dot(n, l), 0.0);
    // Sky above, warm floor bounce below: a gallery's soft fill.
    vec3 ambient = mix(vec3(0.20, 0.19, 0.18), vec3(0.42, 0.44, 0.48), 0.5 + 0.5 * n.y);
    vec3 h = normalize(l + v);
    float spec = pow(max(dot(n, h), 0.0), 48.0) * 0.06 * ndl;
    float wrap_fill = max(dot(n, v), 0.0) * 0.12; // keeps faces toward us readable
    vec3 color = albedo * (ambient * ao + vec3(1.0, 0.97, 0.92) * 1.05 * ndl * mix(0.6, 1.0, ao) + wrap_fill * ao)
               + vec3(spec) * ao;
#endif
    // Glass is blended premultiplied (gfx_set_blend), opaque surfaces are not.
    float alpha = u_alpha_from_color != 0 ? v_color.a : 1.0;
    frag_color = vec4(linear_to_srgb(color) * alpha, alpha);
}
