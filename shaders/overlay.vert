#version 330 core
// The 2D overlay (src/render/render_overlay.c): positions in pixels with the
// origin at the top left, texture coordinates in atlas texels, so the atlas
// can grow without touching vertices already built. An image quad gives
// coordinates 0..1 and u_atlas_size (1, 1).
in vec2 a_position;
in vec2 a_uv;
in vec4 a_color; // sRGB, straight alpha
uniform vec2 u_viewport;   // pixels
uniform vec2 u_atlas_size; // texels
out vec2 v_uv;
out vec4 v_color;
out vec2 v_pos; // overlay pixels, for an image's rounded corners
void main()
{
    vec2 p = a_position / u_viewport;
    gl_Position = vec4(p.x * 2.0 - 1.0, 1.0 - p.y * 2.0, 0.0, 1.0);
    v_uv = a_uv / u_atlas_size;
    v_color = a_color;
    v_pos = a_position;
}
