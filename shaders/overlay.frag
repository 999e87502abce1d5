#version 330 core
// One shader for text and shapes: the atlas holds glyph coverage, and a
// solid block of full coverage that shapes sample, so everything in the
// overlay goes out in one draw. Blending is premultiplied and in sRGB, as
// interface colours are specified. Edge softness of shapes comes from the
// vertex alpha (a one-pixel fringe), of text from the coverage.
in vec2 v_uv;
in vec4 v_color;
uniform sampler2D u_atlas;
out vec4 frag_color;
void main()
{
    float a = v_color.a * texture(u_atlas, v_uv).r;
    frag_color = vec4(v_color.rgb * a, a);
}
