#version 330 core
// Scan vertex shader: world-space position, normal and tangent frame for the
// fragment shader. Attribute slots match GFX_ATTR_* in src/gfx/gfx.h.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec4 a_color;
layout(location = 4) in vec4 a_tangent;

uniform mat4 u_view_proj;
uniform mat4 u_model;

out vec3 v_world;
out vec3 v_normal;
out vec4 v_tangent;
out vec2 v_uv;
out vec4 v_color; // linear

// Vertex colours are stored as sRGB bytes; decoding here, once a vertex,
// costs far less than once a pixel and interpolates in linear light.
vec3 srgb_to_linear(vec3 c)
{
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void main()
{
    vec4 world = u_model * vec4(a_position, 1.0);
    v_world = world.xyz;
    mat3 nm = mat3(u_model);
    v_normal = nm * a_normal;
    v_tangent = vec4(nm * a_tangent.xyz, a_tangent.w);
    v_uv = a_uv;
    v_color = vec4(srgb_to_linear(a_color.rgb), a_color.a);
    gl_Position = u_view_proj * world;
}
