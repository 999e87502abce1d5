#version 330 core
// One shader for text, shapes and images. Mode 0 (nearly everything): the
// atlas holds glyph coverage, and a solid block of full coverage that shapes
// sample, so text and shapes go out in one draw. Mode 1: one image quad,
// colour from an sRGB texture (sampled, filtered and mip-mapped in linear
// light, encoded back here), tinted, its corners optionally rounded.
// Blending is premultiplied and in sRGB, as interface colours are
// specified. Edge softness of shapes comes from the vertex alpha (a
// one-pixel fringe), of text from the coverage.
in vec2 v_uv;
in vec4 v_color;
in vec2 v_pos;
uniform sampler2D u_atlas;
uniform sampler2D u_image;
uniform int u_mode;
uniform vec4 u_rect;    // mode 1: the image's x, y, w, h in overlay pixels
uniform vec2 u_corner;  // mode 1: x, the corner radius in overlay pixels (gfx sets no lone floats)
out vec4 frag_color;

vec3 linear_to_srgb(vec3 c)
{
    vec3 lo = c * 12.92, hi = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(hi, lo, vec3(lessThanEqual(c, vec3(0.0031308))));
}

void main()
{
    if (u_mode == 0) {
        float a = v_color.a * texture(u_atlas, v_uv).r;
        frag_color = vec4(v_color.rgb * a, a);
        return;
    }
    // The texture repeats (gfx's default): keep bilinear taps off the
    // opposite edge by staying half a texel inside.
    vec2 half_texel = 0.5 / vec2(textureSize(u_image, 0));
    vec4 texel = texture(u_image, clamp(v_uv, half_texel, 1.0 - half_texel));
    float a = texel.a * v_color.a;
    float radius = u_corner.x;
    if (radius > 0.0) {
        vec2 centre = u_rect.xy + u_rect.zw * 0.5;
        vec2 q = abs(v_pos - centre) - (u_rect.zw * 0.5 - vec2(radius));
        float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - radius;
        a *= clamp(0.5 - d / max(fwidth(d), 1e-4), 0.0, 1.0);
    }
    vec3 rgb = linear_to_srgb(texel.rgb) * v_color.rgb;
    frag_color = vec4(rgb * a, a);
}
